import { mirrorBox, type Box } from '../main/liveness/geometry';
import type { StepView } from '../preload/contract';

/**
 * Draws the engine's overlay (camera coordinates) on a canvas laid over the mirrored video, so
 * every x is mirrored too: the visitor sees themselves as in a mirror.
 */
export function drawOverlay(
  canvas: HTMLCanvasElement,
  view: StepView,
  frame: { width: number; height: number },
): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  canvas.width = frame.width;
  canvas.height = frame.height;
  ctx.clearRect(0, 0, frame.width, frame.height);
  const mirror = (b: Box): Box => mirrorBox(b, frame.width);
  const stroke = (b: Box, colour: string, width: number, dash: number[] = []) => {
    const m = mirror(b);
    ctx.setLineDash(dash);
    ctx.lineWidth = width;
    ctx.strokeStyle = colour;
    ctx.strokeRect(m.left, m.top, m.width, m.height);
  };
  const { overlay, phase } = view;
  const inArea = phase === 'nose' || phase === 'success';
  stroke(overlay.area, inArea ? '#3ddc84' : '#ffffff', 4);
  if (overlay.toleranceArea) stroke(overlay.toleranceArea, 'rgba(255,255,255,0.35)', 2, [8, 8]);
  if (overlay.face) stroke(overlay.face, phase === 'area' ? '#ff6b6b' : '#3ddc84', 2);
  // A sequence's next target stays hidden (null) until the engine reveals it.
  if ((phase === 'nose' || phase === 'success') && overlay.target) {
    const t = mirror(overlay.target);
    ctx.setLineDash([]);
    ctx.fillStyle = phase === 'success' ? '#3ddc84' : '#ffd60a';
    ctx.fillRect(t.left, t.top, t.width, t.height);
  }
  if (overlay.nose) {
    ctx.beginPath();
    ctx.fillStyle = '#00b4ff';
    ctx.arc(frame.width - overlay.nose.x, overlay.nose.y, 5, 0, Math.PI * 2);
    ctx.fill();
  }
}
