// Writes one JSON Schema (draft 2020-12) per public zod schema to dist/schemas/<Name>.json,
// so labs using other languages can validate terms, policies, requests and certificates.
// Runs after tsc, from the compiled modules, so the files describe exactly what ships.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { z } from 'zod';

const SUBPATHS = ['license', 'money', 'pricing', 'certificates', 'demand', 'transparency'];
const BASE_ID = 'https://clearframe.dev/schemas/';
const outDir = new URL('../dist/schemas/', import.meta.url);

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });

const written = [];
for (const subpath of SUBPATHS) {
  const module = await import(new URL(`../dist/${subpath}/index.js`, import.meta.url).href);
  for (const [name, value] of Object.entries(module)) {
    if (!(value instanceof z.ZodType)) continue;
    // Schemas describe the JSON that crosses the wire, so render the input side (what a
    // client must send) and keep refinements as documentation in `description` where given.
    const schema = z.toJSONSchema(value, { io: 'input', unrepresentable: 'throw' });
    const document = { $id: `${BASE_ID}${name}.json`, title: name, ...schema };
    await writeFile(new URL(`${name}.json`, outDir), `${JSON.stringify(document, null, 2)}\n`);
    written.push(`${subpath}/${name}`);
  }
}
console.log(`JSON Schemas: wrote ${written.length} files to dist/schemas (${written.join(', ')})`);
