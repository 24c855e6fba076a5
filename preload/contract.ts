import { z } from 'zod';
import { CHANNELS, frameBytes, type Channel, type SubmitFrameRequest } from './channels';

/*
 * The one contract between the sandboxed renderer and the main process: the table of calls, their
 * channels and shapes (channels.ts, which the preload's bridge is generated from), and here the
 * validators main applies to every message from the renderer, whichever host carries it.
 */

export * from './channels';

export const StartSessionRequestSchema = z.object({}).strict();

export const SubmitFrameRequestSchema = z
  .object({
    sessionId: z.string().uuid(),
    /** Capture time on the renderer's monotonic clock (performance.now()), ms. */
    timestampMs: z.number().finite().min(0),
    width: z.number().int().positive().max(1920),
    height: z.number().int().positive().max(1920),
    format: z.enum(['rgba', 'i420']).optional(),
    data: z.instanceof(Uint8Array),
    lightStep: z.number().int().min(0).max(10_000).nullable().optional(),
  })
  .strict()
  .refine((f) => f.format !== 'i420' || (f.width % 2 === 0 && f.height % 2 === 0), {
    message: 'an I420 frame needs an even width and height',
    path: ['width'],
  })
  .refine((f) => f.data.byteLength === frameBytes(f.width, f.height, f.format ?? 'rgba'), {
    message: 'data must hold width x height pixels in its format (RGBA: 4 bytes each, I420: 1.5)',
    path: ['data'],
  });

export const CancelSessionRequestSchema = z.object({ sessionId: z.string().uuid() }).strict();
export const ConfirmResultRequestSchema = z.object({ sessionId: z.string().uuid() }).strict();
/** Staff panel actions; each action's payload is validated by the staff service (main/ops). */
export const StaffRequestSchema = z
  .object({
    action: z.string().regex(/^[A-Za-z]{1,32}$/),
    payload: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export const EmptyRequestSchema = z.object({}).strict();
export const AskStaffRequestSchema = z.object({ sessionId: z.string().uuid().optional() }).strict();
export const AssistanceRequestRefSchema = z.object({ requestId: z.string().uuid() }).strict();

export const REQUEST_SCHEMAS = {
  [CHANNELS.startSession]: StartSessionRequestSchema,
  [CHANNELS.submitFrame]: SubmitFrameRequestSchema,
  [CHANNELS.cancelSession]: CancelSessionRequestSchema,
  [CHANNELS.confirmResult]: ConfirmResultRequestSchema,
  [CHANNELS.staff]: StaffRequestSchema,
  [CHANNELS.publicSettings]: EmptyRequestSchema,
  [CHANNELS.health]: EmptyRequestSchema,
  [CHANNELS.askStaff]: AskStaffRequestSchema,
  [CHANNELS.assistanceStatus]: AssistanceRequestRefSchema,
  [CHANNELS.withdrawAssistance]: AssistanceRequestRefSchema,
} as const satisfies Record<Channel, z.ZodType>;

/** The validator and the type the renderer sends cannot drift apart: checked here at compile time. */
export const SUBMIT_FRAME_MATCHES_TYPE: z.ZodType<SubmitFrameRequest> = SubmitFrameRequestSchema;
