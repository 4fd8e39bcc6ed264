// The ZIP writer, read back by an independent reader (Python's zipfile, on every machine that runs the benchmarks).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { zip } from './zip';

const dir = mkdtempSync(path.join(tmpdir(), 'mnist-lab-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const READ = `
import base64, json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    bad = z.testzip()
    print(json.dumps({"bad": bad, "files": [
        {"name": i.filename, "method": i.compress_type, "date": list(i.date_time), "data": base64.b64encode(z.read(i)).decode()}
        for i in z.infolist()]}))
`;

interface Read {
  bad: string | null;
  files: { name: string; method: number; date: number[]; data: string }[];
}

function readWithPython(bytes: Uint8Array): Read {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.zip`);
  writeFileSync(file, bytes);
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', READ, file], { encoding: 'utf8' })) as Read;
}

describe('zip', () => {
  it('holds each file byte for byte, compressing text and storing what does not compress', () => {
    const json = new TextEncoder().encode(JSON.stringify({ weightsManifest: [{ paths: ['weights.bin'] }], pad: 'x'.repeat(5000) }));
    const weights = new Uint8Array(4096);
    for (let i = 0, s = 7; i < weights.length; i++) weights[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
    const read = readWithPython(zip([{ name: 'model.json', data: json }, { name: 'weights.bin', data: weights }], new Date('2026-03-04T05:06:08Z')));
    expect(read.bad).toBeNull();
    expect(read.files.map((f) => f.name)).toEqual(['model.json', 'weights.bin']);
    expect(Buffer.from(read.files[0].data, 'base64')).toEqual(Buffer.from(json));
    expect(Buffer.from(read.files[1].data, 'base64')).toEqual(Buffer.from(weights));
    expect(read.files.map((f) => f.method)).toEqual([8, 0]);
    expect(read.files[0].date).toEqual([2026, 3, 4, 5, 6, 8]);
  });

  it('keeps UTF-8 names and empty files', () => {
    const read = readWithPython(zip([{ name: 'runs/größe.txt', data: new Uint8Array(0) }]));
    expect(read.bad).toBeNull();
    expect(read.files).toMatchObject([{ name: 'runs/größe.txt', data: '' }]);
  });
});
