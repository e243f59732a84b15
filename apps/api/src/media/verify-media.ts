import { type MediaInfo, type MediaProbeResult, isProbeFailure } from './media-probe.js';

/**
 * Containers Clearframe accepts, by the name ffprobe gives their demuxer. One demuxer reads
 * the whole ISO base media family, so MP4, MOV and M4V (and 3GP, which phones wrote) pass as
 * one; Matroska and WebM likewise. The upload API's extension and content-type list
 * (mp4, mov, m4v, mkv, webm, avi, mxf) is the same set seen from the outside.
 */
export const ACCEPTED_CONTAINERS: Readonly<Record<string, string>> = {
  'mov,mp4,m4a,3gp,3g2,mj2': 'MP4, MOV or M4V',
  'matroska,webm': 'MKV or WebM',
  avi: 'AVI',
  mxf: 'MXF',
};

/**
 * Video codecs Clearframe accepts, by ffprobe's codec name: what cameras, editors and archives
 * deliver footage in, and what our ffmpeg decodes to make previews and fingerprints. Left out on
 * purpose: codecs of old desktop players and screen recorders (WMV, MS-MPEG-4, FLV, Theora, GIF,
 * raw RGB screen codecs), whose files are rarely footage and often decode unreliably.
 */
export const ACCEPTED_VIDEO_CODECS: Readonly<Record<string, string>> = {
  h264: 'H.264',
  hevc: 'H.265 (HEVC)',
  av1: 'AV1',
  vp8: 'VP8',
  vp9: 'VP9',
  prores: 'Apple ProRes',
  dnxhd: 'Avid DNxHD/DNxHR',
  mpeg2video: 'MPEG-2',
  mpeg4: 'MPEG-4 Part 2',
  mjpeg: 'Motion JPEG',
  ffv1: 'FFV1',
};

/** Containers people will recognise by name when they are refused. */
const CONTAINER_NAMES: Readonly<Record<string, string>> = {
  mpegts: 'an MPEG transport stream (.ts, .mts, .m2ts)',
  mpeg: 'an MPEG program stream (.mpg, .vob)',
  flv: 'a Flash video (.flv)',
  asf: 'a Windows Media file (.wmv, .asf)',
  gif: 'a GIF animation',
  ogg: 'an Ogg file (.ogv)',
  rm: 'a RealMedia file',
  nut: 'a NUT file',
  dv: 'a raw DV file',
};

const CODEC_NAMES: Readonly<Record<string, string>> = {
  wmv1: 'Windows Media Video 7',
  wmv2: 'Windows Media Video 8',
  wmv3: 'Windows Media Video 9',
  msmpeg4v2: 'Microsoft MPEG-4 v2',
  msmpeg4v3: 'Microsoft MPEG-4 v3 (DivX 3)',
  flv1: 'Sorenson Spark (FLV)',
  theora: 'Theora',
  gif: 'GIF',
  h263: 'H.263',
  mpeg1video: 'MPEG-1',
};

export type MediaRejectionCode =
  | 'empty_file'
  | 'not_video'
  | 'truncated'
  | 'audio_only'
  | 'still_image'
  | 'unsupported_container'
  | 'unsupported_codec'
  | 'too_long';

export type MediaVerdict =
  { ok: true; info: MediaInfo } | { ok: false; code: MediaRejectionCode; message: string };

export interface MediaLimits {
  /** The file's size as hashed from storage. */
  sizeBytes: number;
  /** The longest clip accepted. */
  maxDurationMs: number;
}

const list = (names: Readonly<Record<string, string>>) => {
  const all = [...new Set(Object.values(names).flatMap((name) => name.split(/, | or /)))];
  return `${all.slice(0, -1).join(', ')} and ${all.at(-1)}`;
};

/**
 * Decides whether a probed upload is footage Clearframe accepts, and if not, says why in words
 * for the creator (the code is for programs). `probed` is what `MediaProbe.examine` returned.
 */
export function verifyMedia(probed: MediaProbeResult, limits: MediaLimits): MediaVerdict {
  const reject = (code: MediaRejectionCode, message: string): MediaVerdict => ({
    ok: false,
    code,
    message,
  });
  if (limits.sizeBytes === 0) {
    return reject('empty_file', 'The file is empty (0 bytes). Upload it again from the original.');
  }
  if (isProbeFailure(probed)) {
    switch (probed.failure) {
      case 'truncated':
        return reject(
          'truncated',
          'The file is incomplete: it stops before the end of its video, as a copy that was ' +
            'interrupted does. Upload it again from the original.',
        );
      case 'still_image':
        return reject(
          'still_image',
          'The file is a still image, not a video. Upload the footage as a video file.',
        );
      case 'no_video':
        return probed.hasAudio
          ? reject(
              'audio_only',
              'The file has sound but no picture. Upload the video file of the footage.',
            )
          : notVideo();
      case 'unreadable':
        return probed.container !== null && !(probed.container in ACCEPTED_CONTAINERS)
          ? unsupportedContainer(probed.container)
          : notVideo();
    }
  }
  if (!(probed.container in ACCEPTED_CONTAINERS)) return unsupportedContainer(probed.container);
  if (!(probed.codec in ACCEPTED_VIDEO_CODECS)) {
    const name = CODEC_NAMES[probed.codec] ?? probed.codec;
    return reject(
      'unsupported_codec',
      `The video is encoded as ${name}, which Clearframe does not accept. Export it as ` +
        `${list(ACCEPTED_VIDEO_CODECS)}.`,
    );
  }
  if (probed.durationMs > limits.maxDurationMs) {
    return reject(
      'too_long',
      `The video is ${clock(probed.durationMs)} long; a clip may be at most ` +
        `${clock(limits.maxDurationMs)}. Trim it, or split it into shorter clips.`,
    );
  }
  return { ok: true, info: probed };

  function notVideo(): MediaVerdict {
    return reject(
      'not_video',
      'The file is not a video that can be read. Check that you chose the video file itself, ' +
        'not a document, a project file or a shortcut to it.',
    );
  }

  function unsupportedContainer(container: string): MediaVerdict {
    const name = CONTAINER_NAMES[container] ?? `a ${container} file`;
    return reject(
      'unsupported_container',
      `The file is ${name}, which Clearframe does not accept. Save or re-wrap it as ` +
        `${list(ACCEPTED_CONTAINERS)}.`,
    );
  }
}

/** 75_500 → `1:15.5`; 600_000 → `10:00`; 3_723_000 → `1:02:03`. */
export function clock(ms: number): string {
  const tenths = Math.round(ms / 100) % 10;
  const total = Math.floor(Math.round(ms / 100) / 10);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const seconds = `${String(s).padStart(2, '0')}${tenths ? `.${tenths}` : ''}`;
  return h ? `${h}:${String(m).padStart(2, '0')}:${seconds}` : `${m}:${seconds}`;
}
