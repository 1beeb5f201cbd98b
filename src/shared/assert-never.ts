/** Makes a switch exhaustive: adding a case to a union without handling it fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`);
}
