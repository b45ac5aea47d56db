// The AWS SDK warns once per process, through process.emitWarning, that its releases after early
// January 2027 need Node 22: a nine-line block on stderr, ahead of everything else a newcomer sees (its
// type is the generic "Warning", so --disable-warning cannot single it out). We take the SDK's
// once-per-process slot before the first client is built and say the same thing in one log line.
import { state } from '@aws-sdk/core/client';

/** The Node major the SDK's releases after early January 2027 require. */
const SDK_NODE_MAJOR = 22;

/** Stops the SDK's own warning; returns the one-line notice to log instead, or null on Node ≥ 22. */
export function takeSdkNodeVersionNotice(nodeVersion = process.version): string | null {
  state.warningEmitted = true;
  const major = Number.parseInt(nodeVersion.replace(/^v/, ''), 10);
  if (!(major < SDK_NODE_MAJOR)) return null;
  return (
    `Node ${nodeVersion}: AWS SDK releases after early January 2027 need Node ${SDK_NODE_MAJOR}; ` +
    'this build is pinned and works, plan the upgrade (README, "Node")'
  );
}
