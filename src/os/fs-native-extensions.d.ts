/** The part of fs-native-extensions this project uses (the package ships no types). */
declare module 'fs-native-extensions' {
  /** An open-file-description lock on the whole file (F_OFD_SETLK on Linux); false when another holds it. */
  export function tryLock(fd: number, options?: { shared?: boolean }): boolean;
  export function unlock(fd: number): void;
  const fsx: { tryLock: typeof tryLock; unlock: typeof unlock };
  export default fsx;
}
