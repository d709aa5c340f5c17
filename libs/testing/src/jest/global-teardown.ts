export default async function globalTeardown(): Promise<void> {
  await globalThis.lexfinKafkaMock?.stop();
  globalThis.lexfinKafkaMock = undefined;
}
