// What a test needs from the machine (a tool, root). A test without its
// prerequisite is skipped, and its title names what it needs. In CI, .ci/run sets
// SOCK_REQUIRE_PREREQS=1, and a missing prerequisite fails the file instead, so
// no test can skip quietly where CI could have run it.
import { spawnSync } from 'node:child_process'

export function prerequisite(what: string, present: boolean): boolean {
  if (!present && process.env.SOCK_REQUIRE_PREREQS === '1')
    throw new Error(`${what} is missing: with SOCK_REQUIRE_PREREQS=1 (as in CI) the tests that need it may not skip`)
  return present
}

/** Whether `command ...args` runs and exits 0 (the tool is installed). */
export function hasCommand(command: string, ...args: string[]): boolean {
  return prerequisite(command, spawnSync(command, args).status === 0)
}

/** Whether this process runs as root (raw sockets, network namespaces, privileged options). */
export function runningAsRoot(): boolean {
  return prerequisite('root (uid 0)', process.getuid?.() === 0)
}
