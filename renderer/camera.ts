/** Camera access for the kiosk: the configured size, unmirrored frames in the camera's format or RGBA. */

import { frameBytes } from '../preload/channels';

export type CameraProblem = 'camera_missing' | 'camera_busy' | 'camera_denied';

export class CameraError extends Error {
  constructor(
    readonly problem: CameraProblem,
    message: string,
  ) {
    super(message);
  }
}

export async function openCamera(width: number, height: number, deviceId?: string): Promise<MediaStream> {
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: {
        width: { ideal: width },
        height: { ideal: height },
        ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
      },
    });
  } catch (error) {
    const name = (error as DOMException).name;
    const problem: CameraProblem =
      name === 'NotAllowedError' || name === 'SecurityError'
        ? 'camera_denied'
        : name === 'NotReadableError' || name === 'AbortError'
          ? 'camera_busy'
          : 'camera_missing';
    throw new CameraError(problem, `${name}: ${(error as Error).message}`);
  }
}

/** A rectangle of the camera's picture, in its own pixels. */
export interface SourceRect {
  readonly sx: number;
  readonly sy: number;
  readonly sw: number;
  readonly sh: number;
}

/**
 * The largest centred part of a `source`-sized picture with the `target`'s aspect ratio. The
 * capture size is only "ideal": a camera may deliver another shape, and stretching it would
 * distort yaw, parallax and distance, so the engine gets this crop, scaled, and the screen shows
 * the same crop (object-fit: cover).
 */
export function centreCrop(
  source: { width: number; height: number },
  target: { width: number; height: number },
): SourceRect {
  const scale = Math.min(source.width / target.width, source.height / target.height);
  const sw = target.width * scale;
  const sh = target.height * scale;
  return { sx: (source.width - sw) / 2, sy: (source.height - sh) / 2, sw, sh };
}

/** A grabbed frame: the camera's own planar format where it can be read directly, else RGBA. */
export interface GrabbedFrame {
  readonly format: 'rgba' | 'i420';
  readonly data: Uint8Array<ArrayBuffer>;
}

/**
 * Grabs the current video frame at the capture size, as the camera sees it (not mirrored). When the
 * camera delivers exactly the capture size, the frame's own I420 (or NV12) planes are copied out of
 * a VideoFrame: no drawing, and 2.7x fewer bytes to send than RGBA. Otherwise (another size, a frame
 * the browser keeps on the GPU) it is centre-cropped and scaled through a canvas, as RGBA.
 */
export class FrameGrabber {
  private readonly canvas: OffscreenCanvas;
  private readonly context: OffscreenCanvasRenderingContext2D;
  /** Set once the planar path failed for this stream's frames: the canvas serves from then on. */
  private planarUnavailable = false;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.canvas = new OffscreenCanvas(width, height);
    const context = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('2D canvas unavailable');
    this.context = context;
  }

  async grab(video: HTMLVideoElement): Promise<GrabbedFrame> {
    if (
      !this.planarUnavailable &&
      typeof VideoFrame === 'function' &&
      video.videoWidth === this.width &&
      video.videoHeight === this.height
    ) {
      const planar = await this.grabPlanar(video);
      if (planar) return { format: 'i420', data: planar };
      this.planarUnavailable = true;
    }
    return { format: 'rgba', data: this.grabRgba(video) };
  }

  private async grabPlanar(video: HTMLVideoElement): Promise<Uint8Array<ArrayBuffer> | null> {
    let frame: VideoFrame | null = null;
    try {
      frame = new VideoFrame(video);
      const { width: w, height: h } = this;
      const rect = frame.visibleRect;
      if (!rect || rect.width !== w || rect.height !== h) return null;
      if (frame.format === 'I420') {
        const out = new Uint8Array(frameBytes(w, h, 'i420'));
        await frame.copyTo(out, { layout: i420Layout(w, h) });
        return out;
      }
      if (frame.format === 'NV12') {
        const nv12 = new Uint8Array(frameBytes(w, h, 'i420'));
        await frame.copyTo(nv12, {
          layout: [
            { offset: 0, stride: w },
            { offset: w * h, stride: w },
          ],
        });
        return nv12ToI420(nv12, w, h);
      }
      return null;
    } catch {
      return null;
    } finally {
      frame?.close();
    }
  }

  private grabRgba(video: HTMLVideoElement): Uint8Array<ArrayBuffer> {
    const { sx, sy, sw, sh } = centreCrop(
      { width: video.videoWidth || this.width, height: video.videoHeight || this.height },
      this,
    );
    this.context.drawImage(video, sx, sy, sw, sh, 0, 0, this.width, this.height);
    const { data } = this.context.getImageData(0, 0, this.width, this.height);
    return new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
  }
}

/** Tightly packed I420 planes: Y, then U and V at half width and height. */
function i420Layout(w: number, h: number): PlaneLayout[] {
  return [
    { offset: 0, stride: w },
    { offset: w * h, stride: w / 2 },
    { offset: w * h + (w / 2) * (h / 2), stride: w / 2 },
  ];
}

/** NV12 (Y, then U and V interleaved) to I420 (Y, then all U, then all V). */
export function nv12ToI420(nv12: Uint8Array, w: number, h: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(frameBytes(w, h, 'i420'));
  out.set(nv12.subarray(0, w * h));
  const quarter = (w / 2) * (h / 2);
  for (let i = 0; i < quarter; i++) {
    out[w * h + i] = nv12[w * h + 2 * i]!;
    out[w * h + quarter + i] = nv12[w * h + 2 * i + 1]!;
  }
  return out;
}

/** The camera's running frame count and the frame's capture time (this page's performance clock). */
export type FrameListener = (frameId: number, captureTimeMs: number) => void;

/**
 * Calls `listener` once for each new camera frame the video element presents, with the camera's
 * own capture time where the browser gives it (requestVideoFrameCallback's captureTime), else the
 * time the frame was presented. Where the callback does not exist, polls for a new media time every
 * 10 ms. Returns a function that stops watching.
 */
export function watchFrames(video: HTMLVideoElement, listener: FrameListener): () => void {
  let stopped = false;
  if (typeof video.requestVideoFrameCallback === 'function') {
    let handle = 0;
    const onFrame: VideoFrameRequestCallback = (now, metadata) => {
      if (stopped) return;
      const capture = metadata.captureTime;
      const at = typeof capture === 'number' && Number.isFinite(capture) && capture <= now ? capture : now;
      listener(metadata.presentedFrames, at);
      handle = video.requestVideoFrameCallback(onFrame);
    };
    handle = video.requestVideoFrameCallback(onFrame);
    return () => {
      stopped = true;
      video.cancelVideoFrameCallback(handle);
    };
  }
  let count = 0;
  let lastTime = -1;
  const timer = setInterval(() => {
    if (video.readyState < 2 || video.currentTime === lastTime) return;
    lastTime = video.currentTime;
    listener(++count, performance.now());
  }, 10);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
