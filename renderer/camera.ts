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
    this.context.drawImage(video, 0, 0, this.width, this.height);
    const { data } = this.context.getImageData(0, 0, this.width, this.height);
    return new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
  }
}
