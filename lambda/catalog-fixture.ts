import { loadSqlJs } from "./catalog.ts";
import type { SoundRecording } from "./recording.ts";

/** The three records of the README example, as stored in the sample catalog. */
export const EXAMPLE_RECORDS: readonly SoundRecording[] = [
  {
    sr_id: "123",
    title: "Yesterday",
    artists: "Beatles The",
    isrcs: "None",
    contributors: "Lennon|McCartney",
  },
  {
    sr_id: "456",
    title: "Yesterday",
    artists: "The Beatles",
    isrcs: "GBAYE6500521",
    contributors: "John Lennon|Paul McCartney",
  },
  {
    sr_id: "789",
    title: "Yesterday",
    artists: "Elvis Presley",
    isrcs: "USRC16908444",
    contributors: "John Lennon|Paul McCartney|Elvis Presley",
  },
];

/** Bytes of a real SQLite file with a `soundrecording` table holding these records (for tests). */
export async function catalogBytes(records: readonly SoundRecording[]): Promise<Uint8Array> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.run(
    "CREATE TABLE soundrecording (id INTEGER PRIMARY KEY, sr_id TEXT UNIQUE, title TEXT, artists TEXT, isrcs TEXT, contributors TEXT)",
  );
  const insert = db.prepare("INSERT INTO soundrecording VALUES (?, ?, ?, ?, ?, ?)");
  records.forEach((r, i) => {
    insert.run([i + 1, r.sr_id, r.title, r.artists, r.isrcs, r.contributors]);
  });
  insert.free();
  const bytes = db.export();
  db.close();
  return bytes;
}
