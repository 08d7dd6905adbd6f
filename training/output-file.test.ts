import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { partialPath, writeFileWhole } from "./output-file.ts";

const dir = mkdtempSync(join(tmpdir(), "sr-match-output-"));

describe("writeFileWhole", () => {
  it("replaces a file with the new text and leaves no partial file", () => {
    const path = join(dir, "model.json");
    writeFileSync(path, "old");
    writeFileWhole(path, "new");
    expect(readFileSync(path, "utf8")).toBe("new");
    expect(existsSync(partialPath(path))).toBe(false);
  });

  it("keeps the old file when the new one cannot be written", () => {
    const path = join(dir, "kept.json");
    writeFileSync(path, "old");
    mkdirSync(partialPath(path));
    expect(() => writeFileWhole(path, "new")).toThrow(/EISDIR/);
    expect(readFileSync(path, "utf8")).toBe("old");
  });

  it("writes through a symbolic link to the file it names, whose mode the new file keeps", () => {
    const real = join(dir, "catalog.db");
    const link = join(dir, "linked.db");
    writeFileSync(real, "old");
    chmodSync(real, 0o640);
    symlinkSync(real, link);
    writeFileWhole(link, "new");
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, "utf8")).toBe("new");
    expect(statSync(real).mode & 0o777).toBe(0o640);
    expect(existsSync(partialPath(link))).toBe(false);
  });

  it("writes a device as it stands, with no partial file beside it", () => {
    writeFileWhole("/dev/null", "anything");
    expect(existsSync(partialPath("/dev/null"))).toBe(false);
  });

  it("makes the file a dangling link names, and keeps the link", () => {
    const real = join(dir, "new-catalog.db");
    const link = join(dir, "dangling.db");
    symlinkSync(real, link);
    writeFileWhole(link, "new");
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, "utf8")).toBe("new");
  });

  it.each([">>", ">"])(
    "writes /dev/stdout where the shell sends it (%s a file), between the process's other lines",
    (redirect) => {
      const log = join(dir, `stdout${redirect.length}.log`);
      writeFileSync(log, "before\n");
      const script = `import("${join(process.cwd(), "training/output-file.ts")}").then((m) => { console.log("banner"); m.writeFileWhole("/dev/stdout", "rows\\n"); console.log("after"); })`;
      execFileSync("sh", ["-c", `"${process.execPath}" --import tsx -e '${script}' ${redirect} "${log}"`]);
      const kept = redirect === ">>" ? "before\n" : "";
      expect(readFileSync(log, "utf8")).toBe(`${kept}banner\nrows\nafter\n`);
    },
  );
});
