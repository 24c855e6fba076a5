import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import sharp from 'sharp';
import type { FaceAnalyzer } from '../../main/inference/face-analyzer';
import { faceDetailFrom } from './rekognition-landmarks';

/*
 * A local stand-in for Amazon Rekognition on 127.0.0.1 speaking its JSON protocol for DetectFaces
 * (POST, X-Amz-Target: RekognitionService.DetectFaces, application/x-amz-json-1.1). The real SDK is
 * pointed at it by endpoint override and signs real requests; the endpoint checks the SigV4
 * Authorization header's shape and credential scope, decodes the JPEG and answers with FaceDetails
 * from this project's own inference. Faults can be queued: throttling, 5xx, slow answers, malformed
 * bodies, dropped connections.
 */

export type Fault = 'throttle' | 'server_error' | 'slow' | 'malformed' | 'drop';

export const TEST_CREDENTIALS = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' };

export class RekognitionEndpoint {
  /** Faults to answer the next requests with, in order. */
  readonly faults: (Fault | null)[] = [];
  /** Answer every request with this fault while set (a storm). */
  persistentFault: Fault | null = null;
  calls = 0;
  bytesReceived = 0;
  /** Image bytes of each successful call (to check what was sent). */
  readonly images: number[] = [];
  /** Successful answers per image (SHA-256 of its bytes): counted here, where the calls arrive. */
  readonly answeredPerImage = new Map<string, number>();
  slowMs = 3000;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  constructor(
    private readonly analyzer: FaceAnalyzer,
    private readonly region = 'eu-west-1',
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts listening (on the same port as before after a stop: the "network" comes back). */
  async start(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and cuts open connections: the network is down. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    this.calls += 1;
    this.bytesReceived += body.length;
    const error = (status: number, type: string, message: string): void => {
      res
        .writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-ErrorType': type })
        .end(JSON.stringify({ __type: type, Message: message }));
    };
    const target = req.headers['x-amz-target'];
    if (req.method !== 'POST' || target !== 'RekognitionService.DetectFaces') {
      error(400, 'UnknownOperationException', `Unsupported ${String(target)}`);
      return;
    }
    const auth = String(req.headers.authorization ?? '');
    const scope = new RegExp(
      `^AWS4-HMAC-SHA256 Credential=${TEST_CREDENTIALS.accessKeyId}/\\d{8}/${this.region}/rekognition/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$`,
    );
    if (!scope.test(auth) || !req.headers['x-amz-date']) {
      error(403, 'UnrecognizedClientException', 'The request is not signed for this region and service.');
      return;
    }
    // A planned null is a normal answer, so a fault can be aimed at the n-th request.
    const fault = this.faults.length > 0 ? (this.faults.shift() ?? null) : this.persistentFault;
    switch (fault) {
      case 'throttle':
        error(400, 'ThrottlingException', 'Rate exceeded');
        return;
      case 'server_error':
        error(500, 'InternalServerError', 'Internal server error');
        return;
      case 'drop':
        req.socket.destroy();
        return;
      case 'malformed':
        res
          .writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1' })
          .end('{"FaceDetails": [{"Bounding');
        return;
      case 'slow':
        await new Promise((r) => setTimeout(r, this.slowMs));
        break;
      default:
        break;
    }
    try {
      const request = JSON.parse(body.toString('utf8')) as { Image?: { Bytes?: string } };
      const jpeg = Buffer.from(request.Image?.Bytes ?? '', 'base64');
      const { data, info } = await sharp(jpeg).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      const frame = { width: info.width, height: info.height, data: new Uint8Array(data) };
      const result = await this.analyzer.analyze(frame, { detect: true });
      this.images.push(jpeg.length);
      const FaceDetails = result.faces.map((f) => faceDetailFrom(f, frame));
      if (!res.destroyed) {
        // Counted only when the answer can still reach the caller (a killed client never gets it).
        const digest = createHash('sha256').update(jpeg).digest('hex');
        this.answeredPerImage.set(digest, (this.answeredPerImage.get(digest) ?? 0) + 1);
        res
          .writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1' })
          .end(JSON.stringify({ FaceDetails }));
      }
    } catch (e) {
      error(400, 'InvalidImageFormatException', `Request has invalid image format: ${String(e)}`);
    }
  }
}
