/*
 * Child process for the journal's kill test: appends records as fast as it can and prints "ack N"
 * once record N is on disk, until the parent kills it.
 */
import { ResultsJournal } from '../../main/store/results-journal';

async function main(): Promise<void> {
  const journal = await ResultsJournal.open(process.argv[2]!, { maxBytes: 4096 });
  for (let n = 0; ; n++) {
    await journal.append({
      at: n,
      challengeId: `c-${n}`,
      live: n % 2 === 0,
      score: 0.5,
      failure: null,
      reasons: [{ code: 'face_found', passed: true, evaluated: true }],
    });
    process.stdout.write(`ack ${n}\n`);
  }
}

void main();
