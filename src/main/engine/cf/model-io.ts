/**
 * A trained NCF model on disk: `model.json` (format, config, sizes, the user and item ids the
 * rows stand for, a tensor manifest and a version) beside `params.bin` (every parameter as
 * float32, little-endian, in manifest order). A load gives back the saved bits exactly.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { NeumfParams } from './neumf';
import type { NeumfConfig } from './neumf-config';
import { hasGmf, hasMlp, neumfConfigSchema, outputWidth, towerShapes } from './neumf-config';

const MANIFEST = 'model.json';
const PARAMS = 'params.bin';

/** A model with the outside ids of its users (sessions, profiles) and items (tracks). */
export type NcfModel = Readonly<{
  params: NeumfParams;
  userIds: readonly string[];
  itemIds: readonly string[];
  /** ISO time the model was trained. */
  createdAt: string;
  notes?: string;
}>;

const manifestSchema = z.object({
  format: z.literal('deepcut-ncf'),
  formatVersion: z.literal(1),
  config: neumfConfigSchema,
  userIds: z.array(z.string()),
  itemIds: z.array(z.string()),
  tensors: z.array(z.object({ name: z.string(), length: z.number().int().nonnegative() })),
  version: z.string(),
  createdAt: z.string(),
  notes: z.string().optional(),
});

/** Every parameter array by name, in file order. */
function tensorsOf(p: NeumfParams): [string, Float32Array][] {
  return [
    ['gmfUser', p.gmfUser],
    ['gmfItem', p.gmfItem],
    ['mlpUser', p.mlpUser],
    ['mlpItem', p.mlpItem],
    ...p.tower.flatMap((l, i): [string, Float32Array][] => [
      [`tower${i}.weight`, l.weight],
      [`tower${i}.bias`, l.bias],
    ]),
    ['out', p.out],
    ['outBias', p.outBias],
  ];
}

/** The length each parameter must have for a config and size. */
function expectedLengths(config: NeumfConfig, nUsers: number, nItems: number): number[] {
  const f = hasGmf(config) ? config.factors : 0;
  const e = hasMlp(config) ? config.mlpEmbedding : 0;
  const tower = hasMlp(config) ? towerShapes(config) : [];
  return [
    nUsers * f,
    nItems * f,
    nUsers * e,
    nItems * e,
    ...tower.flatMap(([fanIn, fanOut]) => [fanIn * fanOut, fanOut]),
    outputWidth(config),
    1,
  ];
}

function assertLittleEndian(): void {
  // Raw float32 bytes are copied as they lie in memory, which is the file's order only here.
  if (endianness() !== 'LE') throw new Error('NCF model files need a little-endian machine');
}

/** The config with a fixed key order, so that the version does not depend on how it was built. */
function canonical(config: NeumfConfig): NeumfConfig {
  const { kind, factors, mlpEmbedding, tower } = config;
  return { kind, factors, mlpEmbedding, tower: [...tower] };
}

/** "ncf1-" and 12 hex digits of sha256 over config, ids and parameter bytes. */
function versionOf(
  config: NeumfConfig,
  userIds: readonly string[],
  itemIds: readonly string[],
  bytes: Buffer,
): string {
  const hash = createHash('sha256')
    .update(JSON.stringify({ config: canonical(config), userIds, itemIds }))
    .update(bytes)
    .digest('hex');
  return `ncf1-${hash.slice(0, 12)}`;
}

function paramBytes(p: NeumfParams): Buffer {
  assertLittleEndian();
  return Buffer.concat(
    tensorsOf(p).map(([, a]) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)),
  );
}

/** The version a saved copy of `model` would carry. */
export function ncfModelVersion(model: NcfModel): string {
  return versionOf(model.params.config, model.userIds, model.itemIds, paramBytes(model.params));
}

/** Writes the model into `dir` (created if needed); model.json goes last. Returns its version. */
export async function saveNcfModel(dir: string, model: NcfModel): Promise<string> {
  const { params } = model;
  if (model.userIds.length !== params.nUsers || model.itemIds.length !== params.nItems) {
    throw new Error('the model has a different number of ids than of users or items');
  }
  const bytes = paramBytes(params);
  const config = canonical(params.config);
  const version = versionOf(config, model.userIds, model.itemIds, bytes);
  const manifest: z.infer<typeof manifestSchema> = {
    format: 'deepcut-ncf',
    formatVersion: 1,
    config: { ...config, tower: [...config.tower] },
    userIds: [...model.userIds],
    itemIds: [...model.itemIds],
    tensors: tensorsOf(params).map(([name, a]) => ({ name, length: a.length })),
    version,
    createdAt: model.createdAt,
    ...(model.notes === undefined ? {} : { notes: model.notes }),
  };
  await mkdir(dir, { recursive: true });
  // Temporary names, then renames: a crash never leaves a half-written file under a real name.
  await writeFile(join(dir, `${PARAMS}.tmp`), bytes);
  await writeFile(join(dir, `${MANIFEST}.tmp`), `${JSON.stringify(manifest)}\n`);
  await rename(join(dir, `${PARAMS}.tmp`), join(dir, PARAMS));
  await rename(join(dir, `${MANIFEST}.tmp`), join(dir, MANIFEST));
  return version;
}

/**
 * Reads a model written by {@link saveNcfModel}, with its version. Throws a descriptive error
 * when a file is missing or corrupt, or when the parameters do not hash to the recorded version.
 */
export async function loadNcfModel(dir: string): Promise<NcfModel & Readonly<{ version: string }>> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the NCF model's ${MANIFEST} in ${dir}: ${String(error)}`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`invalid ${MANIFEST} in ${dir}: ${z.prettifyError(parsed.error)}`);
  }
  const m = parsed.data;
  const config: NeumfConfig = m.config;
  const expected = expectedLengths(config, m.userIds.length, m.itemIds.length);
  if (m.tensors.length !== expected.length || m.tensors.some((t, i) => t.length !== expected[i])) {
    throw new Error(`${MANIFEST} in ${dir} does not describe this model's parameters`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, PARAMS));
  } catch (error) {
    throw new Error(`cannot read the NCF model's ${PARAMS} in ${dir}: ${String(error)}`);
  }
  if (bytes.length !== expected.reduce((a, b) => a + b, 0) * 4) {
    throw new Error(`${PARAMS} in ${dir} has the wrong size`);
  }
  if (versionOf(config, m.userIds, m.itemIds, bytes) !== m.version) {
    throw new Error(`${PARAMS} in ${dir} does not hash to version ${m.version}`);
  }
  assertLittleEndian();
  let offset = 0;
  const arrays = expected.map((length) => {
    // A copy, so that each array owns aligned memory of its own.
    const a = new Float32Array(length);
    new Uint8Array(a.buffer).set(bytes.subarray(offset, offset + length * 4));
    offset += length * 4;
    return a;
  });
  const [gmfUser, gmfItem, mlpUser, mlpItem, ...rest] = arrays;
  const outBias = rest.pop();
  const out = rest.pop();
  if (!gmfUser || !gmfItem || !mlpUser || !mlpItem || !out || !outBias) {
    throw new Error(`${MANIFEST} in ${dir} lists too few parameters`);
  }
  const tower = [];
  for (let l = 0; l + 1 < rest.length; l += 2) {
    tower.push({
      weight: rest[l] ?? new Float32Array(0),
      bias: rest[l + 1] ?? new Float32Array(0),
    });
  }
  return {
    params: {
      config,
      nUsers: m.userIds.length,
      nItems: m.itemIds.length,
      gmfUser,
      gmfItem,
      mlpUser,
      mlpItem,
      tower,
      out,
      outBias,
    },
    userIds: m.userIds,
    itemIds: m.itemIds,
    createdAt: m.createdAt,
    ...(m.notes === undefined ? {} : { notes: m.notes }),
    version: m.version,
  };
}
