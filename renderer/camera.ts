/** Camera access for the kiosk: the configured size, unmirrored frames as RGBA bytes. */

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

/** Grabs the current video frame at the capture size, as the camera sees it (not mirrored). */
export class FrameGrabber {
  private readonly canvas: OffscreenCanvas;
  private readonly context: OffscreenCanvasRenderingContext2D;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.canvas = new OffscreenCanvas(width, height);
    const context = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('2D canvas unavailable');
    this.context = context;
  }

  grab(video: HTMLVideoElement): Uint8Array<ArrayBuffer> {
    const { sx, sy, sw, sh } = centreCrop(
      { width: video.videoWidth || this.width, height: video.videoHeight || this.height },
      this,
    );
    this.context.drawImage(video, sx, sy, sw, sh, 0, 0, this.width, this.height);
    const { data } = this.context.getImageData(0, 0, this.width, this.height);
    return new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
  }
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
