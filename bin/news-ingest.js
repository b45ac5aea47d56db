#!/usr/bin/env -S node --openssl-legacy-provider
// The legacy provider flag is for the embedded S3 server: its listing continuation tokens use DES.
import '../dist/src/cli/main.js';
