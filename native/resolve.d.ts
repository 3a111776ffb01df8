/** The platforms with a prebuilt binary in prebuilds/ (glibc 2.28+, N-API 8). */
export declare const PREBUILT: readonly string[]
/** The command that builds the addon from source inside an installed package. */
export declare const BUILD_COMMAND: string
/** The path of the addon to load, or throws an Error naming {@link BUILD_COMMAND}. */
export declare function resolveAddon(
  root: string,
  proc: { platform: string; arch: string; env?: Record<string, string | undefined>; report?: { getReport(): { header?: { glibcVersionRuntime?: string } } } },
  exists: (path: string) => boolean,
): string
