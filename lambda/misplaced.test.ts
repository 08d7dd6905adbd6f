import { describe, expect, it } from "vitest";
import { recoverFields } from "./misplaced.ts";

describe("recoverFields", () => {
  it.each([
    ["Elevator Flo Rida Hip-Hop/Rap 3:55 17-Mar-08", "Elevator Flo Rida Hip-Hop/Rap", 235_000, 2008],
    [
      "Money Right [ Explicit ] Rap & Hip-Hop March 17 , 2008",
      "Money Right [ Explicit ] Rap & Hip-Hop",
      undefined,
      2008,
    ],
    ["Gone [Clean] (C) 2013 XO & co., Inc. 8:07 September 18, 2015", "Gone [Clean]", 487_000, 2015],
    ["Yayo $ 1.29 ‰ ãÑ 2012 Lana Del Rey under exclusive licence", "Yayo", undefined, undefined],
    ["Long Song 1:02:03", "Long Song", 3_723_000, undefined],
    [
      "We Dem Boyz $ 1.99 2014 Atlantic Recording Corporation for the United States 3:56",
      "We Dem Boyz",
      236_000,
      undefined,
    ],
    ["Stars Come Out Dance, Music 2012 Dim Mak Inc.", "Stars Come Out Dance, Music", undefined, undefined],
    ["Credit Pop 2014, 2015 Epic Records, a division of Sony Music", "Credit Pop", undefined, undefined],
    ["Remark 2014 Great Unknown, LLC April 26, 2011", "Remark", undefined, 2011],
    ["Song 2015 Island Music Co. (BMI) under licence", "Song", undefined, undefined],
    ["Song 2024-05-01", "Song", undefined, 2024],
  ])("takes the values out of %j", (title, rest, durationMs, year) => {
    expect(recoverFields(title)).toEqual({
      title: rest,
      ...(durationMs === undefined ? {} : { durationMs }),
      ...(year === undefined ? {} : { year }),
    });
  });

  it.each([
    "4:44",
    "1999",
    "Summer of 69",
    "Song 2",
    "Part 1: The Beginning",
    "99 Problems",
    "Beyond the Floor - 1998 Re-Recording",
    "Song - 1998 Re-Recordings",
    "Bad Romance (Live at the 2009 MTV Video Music Awards)",
    "Song - 2009 Remaster (Limited Edition)",
    "Live at Wembley 1986",
    "Party 1999 Remastered",
    "1999 Records",
  ])("leaves a title that only looks numeric alone: %j", (title) => {
    expect(recoverFields(title)).toEqual({ title });
  });
});
