#!/usr/bin/env node
/**
 * Derives the compact ATT&CK technique → tactics lookup used by the correlator
 * (src/main/correlate/attack-tactics.json) from the MITRE ATT&CK Enterprise
 * techniques export. Re-run when the ATT&CK version changes:
 *   node scripts/gen-attack-tactics.mjs [/path/to/enterprise-techniques-<v>.json] [/path/to/LICENSE-ATTACK.txt]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = process.argv[2] ?? join(root, '../shared/datasets/attack/enterprise-techniques-18.1.json');
const licenseFile = process.argv[3] ?? join(dirname(source), 'LICENSE-ATTACK.txt');
const input = JSON.parse(readFileSync(source, 'utf8'));
const licenseText = readFileSync(licenseFile, 'utf8');
const copyright = /"(©[^"]+)"/.exec(licenseText)?.[1] ?? input.license;

const tacticOrder = input.tactic_order;
const techniques = {};
for (const t of [...input.techniques].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
  const tactics = [...t.tactics].sort((a, b) => tacticOrder.indexOf(a) - tacticOrder.indexOf(b));
  techniques[t.id] = { n: t.name, t: tactics };
}
const tactics = {};
for (const key of tacticOrder) tactics[key] = input.tactics[key].name;

const out = {
  copyright,
  license:
    'MITRE grants a non-exclusive, royalty-free license to use ATT&CK for research, development, and commercial purposes; copies must reproduce MITRE\'s copyright designation and license. See LICENSE-ATTACK.txt (https://attack.mitre.org/resources/legal-and-branding/terms-of-use/).',
  source: `${input.source} ${input.attack_version} (${input.generated_from})`,
  tacticOrder,
  tactics,
  techniques,
};
const target = join(root, 'src/main/correlate/attack-tactics.json');
writeFileSync(target, JSON.stringify(out) + '\n');
console.log(`wrote ${Object.keys(techniques).length} techniques to ${target}`);
