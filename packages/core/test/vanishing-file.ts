/**
 * A File that stops being readable after its first bytes, as Chrome's picked
 * files do when they are deleted or changed on disk while read
 * (`NotReadableError`).
 */
export function vanishingFile(bytes: Uint8Array, name: string): File {
  class VanishingFile extends File {
    override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
      let sent = false;
      return new ReadableStream({
        pull: (c) => {
          if (sent) return c.error(Object.assign(new Error('The requested file could not be read'), { name: 'NotReadableError' }));
          sent = true;
          c.enqueue(new Uint8Array(bytes.subarray(0, 20)));
        },
      });
    }
  }
  return new VanishingFile([bytes as Uint8Array<ArrayBuffer>], name);
}
