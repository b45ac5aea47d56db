#!/usr/bin/env -S node --openssl-legacy-provider --disable-warning=NodeVersionSupportWarning
// The legacy provider flag is for the embedded S3 server: its listing continuation tokens use DES.
// The AWS SDK's notice that it will need Node 22 from 2027 is in the README, not on every command.
import '../dist/src/cli/main.js';
