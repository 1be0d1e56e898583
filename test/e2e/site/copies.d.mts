/** Types of the fixture site's windows-949 encoder, for the unit tests that use it. */
export function encodeCp949(text: string): Uint8Array;
