import { clamp, hashInts } from './raster.ts';

/**
 * A colour echocardiography cine loop: a B-mode sector with speckle, a left ventricle that
 * contracts over the loop, a colour-Doppler box whose flow reverses with the cardiac phase,
 * and grey and colour reference bars (so colour-space mistakes are visible). RGB, 8 bits.
 */

export interface EchoLoop {
  width: number;
  height: number;
  frames: number;
}

const SECTOR = { apexX: 0.5, apexY: 20, radius: 440, halfAngle: 0.66 } as const;
const DOPPLER = { halfAngle: 0.25, near: 150, far: 360 } as const;
const SEED = 0xec40;

type Rgb = [number, number, number];

/** Systolic contraction: 0 at end-diastole (first frame), 1 at end-systole (mid loop). */
function contraction(loop: EchoLoop, frame: number): number {
  return Math.sin((Math.PI * frame) / loop.frames) ** 2;
}

/** Echogenicity of tissue at (x, y): blood pool, myocardium, bright pericardium, background. */
function echogenicity(loop: EchoLoop, frame: number, x: number, y: number): { value: number; inBlood: boolean; r: number } {
  const size = 1 - 0.18 * contraction(loop, frame);
  const dx = (x - loop.width / 2) / (70 * size);
  const dy = (y - 250) / (110 * size);
  const r = Math.hypot(dx, dy);
  if (r < 1) return { value: 0.05, inBlood: true, r };
  if (r < 1.35) return { value: 0.6, inBlood: false, r };
  if (r < 1.45) return { value: 0.35, inBlood: false, r };
  if (r < 1.52) return { value: 0.95, inBlood: false, r };
  return { value: 0.3, inBlood: false, r };
}

/** Fully developed speckle has a Rayleigh-distributed amplitude; grains are a few pixels wide. */
function speckle(x: number, y: number, frame: number): number {
  const u = (hashInts(SEED, x >> 1, Math.floor(y / 3), frame >> 2) + 1) / 4294967297;
  return Math.sqrt(-2 * Math.log(u)) * 0.8;
}

function dopplerColour(loop: EchoLoop, frame: number, r: number): Rgb | undefined {
  const velocity = Math.sin((2 * Math.PI * frame) / loop.frames) * (1 - r * r);
  if (Math.abs(velocity) < 0.1) return undefined;
  const level = Math.round(80 + 175 * Math.abs(velocity));
  return velocity > 0 ? [level, 30, 20] : [20, 60, level];
}

function referenceBars(loop: EchoLoop, x: number, y: number): Rgb | undefined {
  if (y < 120 || y >= 320) return undefined;
  const t = (y - 120) / 199;
  if (x >= 20 && x < 32) {
    const grey = Math.round(255 * (1 - t));
    return [grey, grey, grey];
  }
  if (x >= loop.width - 40 && x < loop.width - 28) {
    const up = Math.round(255 * clamp(1 - 2 * t, 0, 1));
    const down = Math.round(255 * clamp(2 * t - 1, 0, 1));
    return [up, 0, down];
  }
  return undefined;
}

function pixel(loop: EchoLoop, frame: number, x: number, y: number): Rgb {
  const bar = referenceBars(loop, x, y);
  if (bar) return bar;
  const dx = x - loop.width * SECTOR.apexX;
  const dy = y - SECTOR.apexY;
  const depth = Math.hypot(dx, dy);
  const angle = Math.atan2(dx, dy);
  if (dy <= 0 || depth > SECTOR.radius || Math.abs(angle) > SECTOR.halfAngle) return [0, 0, 0];
  const tissue = echogenicity(loop, frame, x, y);
  if (tissue.inBlood && Math.abs(angle) < DOPPLER.halfAngle && depth > DOPPLER.near && depth < DOPPLER.far) {
    const colour = dopplerColour(loop, frame, tissue.r);
    if (colour) return colour;
  }
  const grey = clamp(Math.round(255 * tissue.value * speckle(x, y, frame) * Math.exp(-depth / 900)), 0, 255);
  return [grey, grey, grey];
}

/** One frame, RGB interleaved (PlanarConfiguration 0). */
export function echoFrame(loop: EchoLoop, frame: number): Uint8Array {
  const out = new Uint8Array(loop.width * loop.height * 3);
  for (let y = 0; y < loop.height; y++) {
    for (let x = 0; x < loop.width; x++) {
      out.set(pixel(loop, frame, x, y), (y * loop.width + x) * 3);
    }
  }
  return out;
}
