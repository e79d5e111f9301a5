import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { registerLz4Codec } from './lz4-codec';

describe('registerLz4Codec', () => {
  it('gives kafkajs an LZ4 codec that reads back what it wrote, smaller for JSON records', async () => {
    registerLz4Codec();
    const codec = (
      CompressionCodecs[CompressionTypes.LZ4] as () => {
        compress(encoder: { buffer: Buffer }): Promise<Buffer>;
        decompress(buffer: Buffer): Promise<Buffer>;
      }
    )();
    const records = Buffer.from(
      JSON.stringify(Array.from({ length: 50 }, (_, n) => ({ id: `story-${n}`, body: ['The council voted.'] }))),
    );
    const compressed = await codec.compress({ buffer: records });
    expect(compressed.length).toBeLessThan(records.length / 2);
    expect(await codec.decompress(compressed)).toEqual(records);
  });

  it('can be called again without replacing the codec', () => {
    registerLz4Codec();
    const codec = CompressionCodecs[CompressionTypes.LZ4];
    registerLz4Codec();
    expect(CompressionCodecs[CompressionTypes.LZ4]).toBe(codec);
  });
});
