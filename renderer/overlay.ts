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
  // Past the area but inside the margin that still counts: amber and dashed, before it fails.
  const nearEdge = view.guidance === 'nose.keep_in_frame';
  const inArea = (phase === 'nose' || phase === 'success') && !nearEdge;
  // States are told by shape as well as colour: dashed while not yet right, solid once it is.
  stroke(
    overlay.area,
    inArea ? '#3ddc84' : nearEdge ? '#ffb020' : '#ffffff',
    inArea || nearEdge ? 6 : 4,
    inArea ? [] : [14, 10],
  );
  if (overlay.toleranceArea) stroke(overlay.toleranceArea, 'rgba(255,255,255,0.35)', 2, [4, 8]);
  if (overlay.face)
    stroke(overlay.face, inArea ? '#3ddc84' : '#ff6b6b', inArea ? 3 : 2, inArea ? [] : [6, 6]);
  // The target is one shape everywhere: a ring with a dot (the nose must enter the ring). A
  // sequence's next target stays hidden (null) until the engine reveals it.
  if ((phase === 'nose' || phase === 'success') && overlay.target) {
    const t = mirror(overlay.target);
    const cx = t.left + t.width / 2;
    const cy = t.top + t.height / 2;
    const r = Math.min(t.width, t.height) / 2;
    const reached = phase === 'success';
    ctx.setLineDash([]);
    ctx.lineWidth = Math.max(3, r / 3);
    ctx.strokeStyle = reached ? '#3ddc84' : '#ffd60a';
    ctx.fillStyle = ctx.strokeStyle;
    ctx.beginPath();
    ctx.arc(cx, cy, r, 0, Math.PI * 2);
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(cx, cy, reached ? r : r / 3, 0, Math.PI * 2);
    ctx.fill();
  }
  if (overlay.nose) {
    ctx.beginPath();
    ctx.fillStyle = '#00b4ff';
    ctx.arc(frame.width - overlay.nose.x, overlay.nose.y, 5, 0, Math.PI * 2);
    ctx.fill();
  }
}
