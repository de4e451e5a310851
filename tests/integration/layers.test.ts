import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { checkLayers } from '../../scripts/check-layers.mjs';

const root = mkdtempSync(join(tmpdir(), 'socwb-layers-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(root, 't-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('layer check', () => {
  it('passes on this repository', () => {
    expect(checkLayers(join(__dirname, '../..'))).toEqual([]);
  });

  it('catches shared importing main, renderer importing main, and core importing electron', () => {
    const dir = tree({
      'src/shared/a.ts': "import { x } from '../main/core/app';\n",
      'src/renderer/b.tsx': "import { y } from '../main/store/workspace';\nimport fs from 'node:fs';\n",
      'src/main/ingest/c.ts': "import { app } from 'electron';\n",
      'src/main/index.ts': "import { app } from 'electron';\n",
      'src/preload/index.ts': "import { contextBridge } from 'electron';\nimport { z } from '../shared/contract';\n",
    });
    const violations: string[] = checkLayers(dir);
    expect(violations.some((v) => v.startsWith('src/shared/a.ts'))).toBe(true);
    expect(violations.filter((v) => v.startsWith('src/renderer/b.tsx'))).toHaveLength(2);
    expect(violations.some((v) => v.startsWith('src/main/ingest/c.ts') && /Electron shell/.test(v))).toBe(true);
    expect(violations.some((v) => v.startsWith('src/main/index.ts') || v.startsWith('src/preload/index.ts'))).toBe(false);
  });
});
