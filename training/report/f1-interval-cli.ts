/**
 * Bootstrap 95 % interval of F1 from a confusion matrix, for figures printed elsewhere (benchmarks):
 * `npx tsx training/report/f1-interval-cli.ts --tp 24 --fp 1 --fn 3 --tn 81`.
 */
import { Command } from "commander";
import { count } from "../cli-args.ts";
import { f1IntervalFromConfusion, formatInterval } from "./bootstrap.ts";

const c = new Command("f1-interval")
  .requiredOption("--tp <n>", "true positives", count)
  .requiredOption("--fp <n>", "false positives", count)
  .requiredOption("--fn <n>", "false negatives", count)
  .requiredOption("--tn <n>", "true negatives", count)
  .parse()
  .opts<{ tp: number; fp: number; fn: number; tn: number }>();
console.log(
  `F1 ${formatInterval(f1IntervalFromConfusion(c))} (1,000 bootstrap resamples of ${c.tp + c.fp + c.fn + c.tn} pairs)`,
);
