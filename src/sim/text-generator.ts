/**
 * Deterministic prose: sentences drawn from a word list by a seeded generator. Every piece
 * (" word", ",", ".") is exactly one o200k token and starts a new pre-token, so the text of N
 * pieces is N tokens and a stream can be cut at any piece without re-tokenising.
 */
import { encodeText } from './tokens.js';
import type { SeededRandom } from './seeded-random.js';

const CANDIDATE_WORDS = (
  'the of and to in is that for it as was with be by on not this are or from at which but have an they ' +
  'were there been one all we their has would when if so no will can more about up out what some them into ' +
  'only its time could new two may first then do any like now over such even most made after also did many ' +
  'before must through back years where much way well down should because each just those people how too ' +
  'little state good very make world still own see work long get here between both life being under never day ' +
  'same another know while last might great old year off come since against go came right used take three ' +
  'system model request answer river garden signal market window light stone paper music winter summer ' +
  'morning evening city road bridge harbor forest mountain valley ocean island letter number table chapter ' +
  'question careful simple quiet bright steady gentle clear early later often always together across toward ' +
  'around along within without beyond during until although whether rather quite almost nearly perhaps ' +
  'build follow carry gather measure notice offer reach share turn watch wonder travel remember consider'
).split(' ');

interface WordForms {
  lower: string;
  capitalised: string;
}

let wordForms: WordForms[] | undefined;

function isOneToken(text: string): boolean {
  return encodeText(text).length === 1;
}

/** Words whose " word", " Word" and "Word" forms are each one token (checked once, lazily). */
function words(): WordForms[] {
  if (wordForms !== undefined) return wordForms;
  wordForms = CANDIDATE_WORDS.filter((word) => word.length > 0)
    .map((word) => ({ lower: word, capitalised: word.charAt(0).toUpperCase() + word.slice(1) }))
    .filter((form) => isOneToken(` ${form.lower}`) && isOneToken(` ${form.capitalised}`) && isOneToken(form.capitalised));
  return wordForms;
}

/**
 * Prose of exactly `tokenCount` pieces (one token each): sentences of 4..14 words, an occasional
 * comma, a full stop at the end whenever there is room for one.
 */
export function generateProsePieces(random: SeededRandom, tokenCount: number): string[] {
  const forms = words();
  const pieces: string[] = [];
  let remaining = tokenCount;
  while (remaining > 0) {
    let sentenceWords = random.integer(4, 14);
    let commaAfter = sentenceWords >= 8 && random.chance(0.5) ? random.integer(2, sentenceWords - 3) : -1;
    const sentenceTokens = sentenceWords + 1 + (commaAfter >= 0 ? 1 : 0);
    // Fit the last sentence to what is left, so the answer ends on a full stop.
    if (remaining - sentenceTokens < 4) {
      sentenceWords = Math.max(1, remaining - 1);
      commaAfter = -1;
    }
    for (let index = 0; index < sentenceWords && remaining > 0; index++) {
      const form = random.pick(forms);
      if (index === 0) pieces.push(pieces.length === 0 ? form.capitalised : ` ${form.capitalised}`);
      else pieces.push(` ${form.lower}`);
      remaining--;
      if (index === commaAfter && remaining > 1) {
        pieces.push(',');
        remaining--;
      }
    }
    if (remaining > 0) {
      pieces.push('.');
      remaining--;
    }
  }
  return pieces;
}

/** A few plain lowercase words, for strings inside generated JSON. */
export function generateWords(random: SeededRandom, count: number): string {
  const forms = words();
  const chosen: string[] = [];
  for (let index = 0; index < count; index++) chosen.push(random.pick(forms).lower);
  return chosen.join(' ');
}
