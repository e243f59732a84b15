#!/usr/bin/env node
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { buildClearframe, imagesFromRepository } from '../lib/clearframe.js';
import { readSettings } from '../lib/settings.js';

// dist/bin/clearframe.js → the repository root, where the Dockerfiles' build context starts.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const app = new App();
buildClearframe(app, readSettings(app.node), imagesFromRepository(repoRoot));
app.synth();
