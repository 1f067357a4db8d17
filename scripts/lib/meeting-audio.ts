// A meeting's audio for the speech benchmarks (issue 5): Vietnamese from Debian's espeak-ng (one
// voice, pitch and pace per seat), made 16 kHz mono s16le by sox, laid out as a meeting would be:
// the chair gives the floor, a delegate speaks a few sentences or a long speech, sometimes another
// answers at once, and the floor changes in the silence between two speakers. Everything comes from
// a seeded generator, so the same options give the same samples, and the script knows exactly where
// each sentence, each speaker's turn and each floor change lies (the truth the bench measures
// against). The appliance's VAD sees digital silence between sentences: a conference system's mix
// is gated (windows.ts), so a closed room is far below its threshold.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { mapLimit } from './async.ts';

const run = promisify(execFile);
export const SAMPLE_RATE = 16_000;

export interface Voice {
  seat: number;
  /** espeak-ng voice: vi (northern), vi-vn-x-central, vi-vn-x-south. */
  voice: string;
  pitch: number;
  /** Words (here: syllables) a minute. */
  speed: number;
}

/** Seat 1 is the chair; seats 2–6 are delegates, each with a voice of their own. */
export const VOICES: readonly Voice[] = [
  { seat: 1, voice: 'vi', pitch: 40, speed: 165 },
  { seat: 2, voice: 'vi-vn-x-south', pitch: 30, speed: 175 },
  { seat: 3, voice: 'vi-vn-x-central', pitch: 55, speed: 160 },
  { seat: 4, voice: 'vi', pitch: 70, speed: 185 },
  { seat: 5, voice: 'vi-vn-x-south', pitch: 60, speed: 170 },
  { seat: 6, voice: 'vi-vn-x-central', pitch: 25, speed: 180 },
];

const CHAIR_LINES = [
  'Xin mời đồng chí Giám đốc Sở Tài chính phát biểu.',
  'Cảm ơn đồng chí. Xin mời đồng chí tiếp theo.',
  'Đề nghị các đồng chí phát biểu ngắn gọn, tập trung vào nội dung chính.',
  'Chúng ta chuyển sang mục thứ hai của chương trình.',
  'Đồng chí nào có ý kiến khác không?',
  'Xin mời Sở Kế hoạch và Đầu tư trình bày.',
  'Tôi đề nghị Văn phòng ghi nhận ý kiến này vào biên bản.',
  'Thời gian còn ít, đề nghị đồng chí kết luận.',
];

const DELEGATE_LINES = [
  'Thưa đồng chí Chủ tịch, thưa các đồng chí đại biểu.',
  'Dự toán thu ngân sách năm tới của tỉnh dự kiến tăng khoảng tám phần trăm so với năm nay.',
  'Chi thường xuyên vẫn chiếm tỷ trọng lớn, chúng tôi đề nghị rà soát lại các khoản chưa thật cần thiết.',
  'Về đầu tư công, nhiều dự án giao thông đang chậm tiến độ do vướng mắc giải phóng mặt bằng.',
  'Sở Tài chính đã phối hợp với các huyện để tháo gỡ từng trường hợp cụ thể.',
  'Tỷ lệ giải ngân vốn đầu tư công đến hết tháng mười mới đạt khoảng sáu mươi phần trăm kế hoạch.',
  'Chúng tôi kiến nghị điều chuyển vốn từ các dự án chậm sang các dự án có khả năng giải ngân tốt.',
  'Nguồn thu từ đất đai giảm mạnh do thị trường bất động sản còn khó khăn.',
  'Đề nghị các sở, ngành tiếp tục cắt giảm thủ tục hành chính cho doanh nghiệp.',
  'Về y tế, các trạm y tế xã còn thiếu bác sĩ và trang thiết bị cơ bản.',
  'Ngành giáo dục cần thêm kinh phí để sửa chữa trường học trước mùa mưa bão.',
  'Tôi thống nhất với báo cáo và xin bổ sung một số ý kiến.',
  'Thứ nhất, cần làm rõ trách nhiệm của từng đơn vị trong việc chậm giải ngân.',
  'Thứ hai, đề nghị công khai tiến độ các dự án trọng điểm hằng tháng.',
  'Thứ ba, cần ưu tiên vốn cho các công trình phòng chống thiên tai.',
  'Số liệu trong báo cáo cần được cập nhật đến ngày ba mươi tháng mười một.',
  'Chúng tôi đã làm việc với ngân hàng để hỗ trợ vốn cho các hợp tác xã.',
  'Kim ngạch xuất khẩu nông sản của tỉnh tăng hơn mười hai phần trăm.',
  'Tuy vậy, giá phân bón và thức ăn chăn nuôi vẫn ở mức cao.',
  'Đề nghị Ủy ban nhân dân tỉnh sớm ban hành kế hoạch chuyển đổi số năm tới.',
  'Việc triển khai họp không giấy đã giúp tiết kiệm đáng kể chi phí in ấn tài liệu.',
  'Tôi xin hết, cảm ơn đồng chí Chủ tịch và các đồng chí.',
  'Về ý kiến của Sở Tài chính, chúng tôi xin giải trình thêm như sau.',
  'Khoản kinh phí này đã được Hội đồng nhân dân tỉnh thông qua từ đầu năm.',
  'Chúng tôi sẽ hoàn thiện hồ sơ và trình lại trong phiên họp tháng sau.',
  'Nhiều hộ dân vùng lũ vẫn chưa nhận đủ tiền hỗ trợ theo quy định.',
  'Đề nghị kiểm tra lại danh sách và chi trả dứt điểm trước Tết.',
  'Công tác phòng cháy chữa cháy tại các khu công nghiệp cần được tăng cường.',
];

/** Syllables (Vietnamese words are syllables) of a line: the unit the decoder's token count follows. */
export const syllables = (line: string) => line.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;

export interface Sentence {
  seat: number;
  text: string;
  syllables: number;
  /** Samples [start, end): the audible part (the clip trimmed of espeak's own leading and trailing quiet). */
  start: number;
  end: number;
}

/** One speaker's turn: sentences close together; [start, end) from its first to its last audible sample. */
export interface Turn {
  seat: number;
  start: number;
  end: number;
  sentences: Sentence[];
}

export interface FloorChange {
  /** Where in the audio the chair switches microphones (in the silence before `seat` speaks). */
  sample: number;
  from: number | null;
  to: number;
}

export interface MeetingAudio {
  /** The whole meeting, headerless 16 kHz mono s16le. */
  path: string;
  pcm: Int16Array;
  samples: number;
  turns: Turn[];
  floorChanges: FloorChange[];
  /** Samples in sentences (audible speech), for the share of speech in the meeting. */
  speechSamples: number;
}

export interface MeetingAudioOptions {
  /** A meeting of exactly this length: turns while they fit, then silence to the end. */
  seconds?: number;
  /** Or exactly this many turns (the chair's included). */
  turns?: number;
  seed: number;
  /** Longest delegate turn in sentences; default 14 (a speech of about a minute, several windows). */
  maxSentences?: number;
  /** Silence between two speakers, ms. */
  gapMs: readonly [number, number];
  /** Silence between one speaker's sentences, ms (below the cutter's 1500 ms early close). */
  pauseMs?: readonly [number, number];
  /** Share of sentence pauses that are long (a speaker thinking: above the early close). */
  longPauseShare?: number;
  /** The chair's remarks between delegates (false: delegates only, one after the other). */
  chair?: boolean;
  /** Where the floor changes within the gap, as a share of it (the chair reacts a little late). */
  floorAt?: number;
}

/** mulberry32: a small seeded generator, so a run can be repeated sample for sample. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ms = (v: number) => Math.round((v * SAMPLE_RATE) / 1000);

/**
 * Speaks every (seat, line) pair needed once, into `dir` (cached across calls), and returns the
 * trimmed samples. espeak-ng and sox take ~25 ms a line; two run at once.
 */
async function speakAll(
  dir: string,
  wanted: { seat: number; text: string }[],
): Promise<Map<string, Int16Array>> {
  mkdirSync(dir, { recursive: true });
  const key = (w: { seat: number; text: string }) => `${w.seat}:${w.text}`;
  const unique = [...new Map(wanted.map((w) => [key(w), w])).values()];
  const out = new Map<string, Int16Array>();
  await mapLimit(unique, 2, async (w, i) => {
    const v = VOICES.find((x) => x.seat === w.seat) ?? VOICES[0]!;
    const base = join(dir, `s${w.seat}-${hash(w.text)}`);
    const raw = `${base}.raw`;
    if (!existsSync(raw)) {
      const wav = `${base}.${i}.wav`;
      await run('espeak-ng', [
        '-v',
        v.voice,
        '-p',
        String(v.pitch),
        '-s',
        String(v.speed),
        '-w',
        wav,
        w.text,
      ]);
      // -v 0.8: espeak's peaks clip in sox's resampler otherwise.
      const tmp = `${base}.${i}.raw`;
      await run('sox', [
        '-v',
        '0.8',
        wav,
        '-r',
        '16000',
        '-c',
        '1',
        '-b',
        '16',
        '-e',
        'signed-integer',
        '-t',
        'raw',
        tmp,
      ]);
      renameSync(tmp, raw);
    }
    const b = readFileSync(raw);
    out.set(key(w), trim(new Int16Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length))));
  });
  return out;
}

function hash(s: string): string {
  let h = 2166136261;
  for (const ch of s) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619) >>> 0;
  return h.toString(36);
}

/** The clip without its quiet ends (below −50 dBFS): where speech really starts and stops. */
function trim(pcm: Int16Array): Int16Array {
  const limit = 32768 * 10 ** (-50 / 20);
  let a = 0;
  let b = pcm.length;
  while (a < b && Math.abs(pcm[a]!) < limit) a++;
  while (b > a && Math.abs(pcm[b - 1]!) < limit) b--;
  return pcm.slice(a, b);
}

/** Builds the meeting, writes it to `<dir>/<name>.raw` and returns it with its script. */
export async function makeMeetingAudio(
  dir: string,
  name: string,
  o: MeetingAudioOptions,
): Promise<MeetingAudio> {
  const rnd = random(o.seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const between = (r: readonly [number, number]) => r[0] + rnd() * (r[1] - r[0]);
  const maxSentences = o.maxSentences ?? 14;
  const pauseMs = o.pauseMs ?? [250, 900];
  const longPauseShare = o.longPauseShare ?? 0.05;
  const chair = o.chair ?? true;
  const floorAt = o.floorAt ?? 0.4;

  // The plan first (who says which lines), then the clips, then the layout in samples.
  type Planned = { seat: number; lines: string[] };
  const plan: Planned[] = [];
  const estimateS = (p: Planned[]) =>
    p.reduce((a, t) => a + t.lines.reduce((b, l) => b + syllables(l) / 3 + 0.6, 0) + 2, 0);
  let lastDelegate = 0;
  for (let n = 0; ; n++) {
    // By length: plan a little more than fits; the layout below stops at the first turn that does not.
    if (o.turns !== undefined ? plan.length >= o.turns : estimateS(plan) >= (o.seconds ?? 60) * 1.2 + 30)
      break;
    // A quick exchange: the next delegate answers without the chair in between.
    const direct = n > 0 && rnd() < 0.25;
    if (chair && !direct) {
      plan.push({ seat: 1, lines: [pick(CHAIR_LINES)] });
      if (plan.length === o.turns) break;
    }
    let seat = 2 + Math.floor(rnd() * 5);
    if (seat === lastDelegate) seat = 2 + ((seat - 1) % 5);
    lastDelegate = seat;
    const r = rnd();
    // Mostly a few sentences; sometimes a one-line remark; sometimes a long speech (several windows).
    const count =
      r < 0.3 ? 1 + Math.floor(rnd() * 2) : r < 0.8 ? 3 + Math.floor(rnd() * 4) : 8 + Math.floor(rnd() * 7);
    const lines: string[] = [];
    for (let i = 0; i < Math.min(count, maxSentences); i++) lines.push(pick(DELEGATE_LINES));
    plan.push({ seat, lines });
  }
  const clips = await speakAll(
    join(dir, 'clips'),
    plan.flatMap((t) => t.lines.map((text) => ({ seat: t.seat, text }))),
  );

  const parts: Int16Array[] = [];
  let at = 0;
  const silence = (n: number) => {
    parts.push(new Int16Array(n));
    at += n;
  };
  const turns: Turn[] = [];
  const floorChanges: FloorChange[] = [];
  let speech = 0;
  silence(ms(2000)); // the room before anyone speaks
  let prevSeat: number | null = null;
  const tail = ms(4000); // the last window closes on silence, not on the end of the file
  const limit = o.seconds === undefined ? Number.POSITIVE_INFINITY : ms(o.seconds * 1000) - tail;
  for (const [ti, t] of plan.entries()) {
    // As many of the turn's sentences as surely fit (each with the longest pause); none: the meeting ends.
    let room = limit - at - ms(o.gapMs[1]);
    let fit = 0;
    while (fit < t.lines.length) {
      room -= clips.get(`${t.seat}:${t.lines[fit]!}`)!.length + ms(2500);
      if (room < 0) break;
      fit++;
    }
    if (fit === 0) break;
    t.lines.length = fit;
    if (ti > 0) {
      const gap = ms(between(o.gapMs));
      floorChanges.push({ sample: at + Math.round(gap * floorAt), from: prevSeat, to: t.seat });
      silence(gap);
    } else {
      floorChanges.push({ sample: Math.round(at / 2), from: null, to: t.seat });
    }
    const sentences: Sentence[] = [];
    for (const [li, text] of t.lines.entries()) {
      if (li > 0) silence(ms(rnd() < longPauseShare ? between([1600, 2500]) : between(pauseMs)));
      const clip = clips.get(`${t.seat}:${text}`)!;
      sentences.push({ seat: t.seat, text, syllables: syllables(text), start: at, end: at + clip.length });
      parts.push(clip);
      at += clip.length;
      speech += clip.length;
    }
    turns.push({ seat: t.seat, start: sentences[0]!.start, end: sentences.at(-1)!.end, sentences });
    prevSeat = t.seat;
  }
  silence(o.seconds === undefined ? tail : ms(o.seconds * 1000) - at);
  const pcm = new Int16Array(at);
  let off = 0;
  for (const p of parts) {
    pcm.set(p, off);
    off += p.length;
  }
  const path = join(dir, `${name}.raw`);
  writeFileSync(path, pcm);
  return { path, pcm, samples: at, turns, floorChanges, speechSamples: speech };
}
