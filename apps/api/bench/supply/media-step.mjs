// One processing step of the verification job on one file, with the media toolkit of the built
// API, for supply.bench.mjs to run under GNU time (which adds the CPU of the ffmpeg/ffprobe
// children this process waits for). Before the step it prints the CPU this process spent getting
// ready (Node's start and the imports), which the bench subtracts: the job runs in a long-lived
// worker that pays those once, not per clip.
//
//   node media-step.mjs <hash|probe|thumbnail|preview|fingerprint|none> <input> <work dir> <duration ms>
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import 'reflect-metadata';
import { AppConfig } from '../../dist/config/app-config.js';
import { FfmpegMediaTranscoder } from '../../dist/media/ffmpeg-media-transcoder.js';
import { FfprobeMediaProbe } from '../../dist/media/ffprobe-media-probe.js';
import { isProbeFailure } from '../../dist/media/media-probe.js';
import { Sha256Meter } from '../../dist/media/sha256-stream.js';

const [step, input, workDir, durationMs] = process.argv.slice(2);
// Only the media settings matter here: FFMPEG_PATH, FFPROBE_PATH and MEDIA_THREADS pass through.
const config = AppConfig.fromEnv({
  NODE_ENV: 'development',
  ...Object.fromEntries(
    ['FFMPEG_PATH', 'FFPROBE_PATH', 'MEDIA_THREADS'].flatMap((name) =>
      process.env[name] ? [[name, process.env[name]]] : [],
    ),
  ),
});
const probe = new FfprobeMediaProbe(config);
const transcoder = new FfmpegMediaTranscoder(config);

const ready = process.cpuUsage();
process.stdout.write(`${JSON.stringify({ readyCpuSeconds: (ready.user + ready.system) / 1e6 })}\n`);

let result;
switch (step) {
  case 'none':
    result = {};
    break;
  case 'hash': {
    // As the job reads the original once: the meter counts and hashes what streams through it.
    const meter = new Sha256Meter();
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    await pipeline(fs.createReadStream(input), meter, sink);
    result = meter.digest;
    break;
  }
  case 'probe': {
    const probed = await probe.examine(input);
    if (isProbeFailure(probed)) throw new Error(`probe failed: ${JSON.stringify(probed)}`);
    result = { durationMs: probed.durationMs, width: probed.width, codec: probed.codec };
    break;
  }
  case 'thumbnail': {
    const out = path.join(workDir, 'thumbnail.jpg');
    await transcoder.thumbnail(input, out, { durationMs: Number(durationMs) });
    result = { bytes: fs.statSync(out).size };
    break;
  }
  case 'preview': {
    const out = path.join(workDir, 'preview.mp4');
    await transcoder.preview(input, out, { clipId: '00000000-0000-4000-8000-000000000000' });
    result = { bytes: fs.statSync(out).size };
    break;
  }
  case 'fingerprint': {
    const fingerprint = await transcoder.fingerprintFrames(input);
    result = { frames: fingerprint.hashes.length };
    break;
  }
  default:
    throw new Error(`unknown step ${step}`);
}
process.stdout.write(`${JSON.stringify({ result })}\n`);
