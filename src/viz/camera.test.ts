import { describe, expect, it } from 'vitest';
import { cameraToTransform, FIT_MAX_K, fitCamera, keyMove, lerpCamera, roundCamera, sameCamera, transformToCamera } from './camera';

describe('camera', () => {
  it('puts the camera point at the centre of the canvas, whatever its size', () => {
    for (const [w, h] of [[800, 600], [1920, 1080]]) {
      const t = cameraToTransform({ x: 120, y: -40, k: 2 }, w, h);
      expect(120 * t.k + t.x).toBe(w / 2);
      expect(-40 * t.k + t.y).toBe(h / 2);
      expect(transformToCamera(t, w, h)).toEqual({ x: 120, y: -40, k: 2 });
    }
  });

  it('fits the bounds inside the padded canvas, centred', () => {
    const cam = fitCamera({ minX: -500, maxX: 500, minY: 0, maxY: 200 }, 1100, 800, 50);
    expect(cam).toEqual({ x: 0, y: 100, k: 1 });
    const t = cameraToTransform(cam, 1100, 800);
    expect(-500 * t.k + t.x).toBe(50);
    expect(500 * t.k + t.x).toBe(1050);
  });

  it('does not zoom in past the fit limit on a tiny tree', () => {
    expect(fitCamera({ minX: 0, maxX: 0, minY: 0, maxY: 0 }, 800, 600).k).toBe(FIT_MAX_K);
  });

  it('round-trips through URL rounding as the same camera', () => {
    const cam = { x: 123.456, y: -7.89, k: 0.123456 };
    expect(roundCamera(cam)).toEqual({ x: 123.5, y: -7.9, k: 0.1235 });
    expect(sameCamera(cam, roundCamera(cam))).toBe(true);
    expect(sameCamera(cam, { ...cam, x: cam.x + 5 })).toBe(false);
  });

  it('zooms geometrically when interpolating', () => {
    expect(lerpCamera({ x: 0, y: 0, k: 1 }, { x: 10, y: 20, k: 4 }, 0.5)).toEqual({ x: 5, y: 10, k: 2 });
  });
});

describe('keyMove', () => {
  it('zooms by 1.25 on +/= and back on −/_, and pans 80 screen px whatever the zoom', () => {
    expect(keyMove('+', 2)).toEqual({ zoom: 1.25 });
    expect(keyMove('_', 2)).toEqual({ zoom: 0.8 });
    expect(keyMove('ArrowLeft', 2)).toEqual({ pan: [40, 0] });
    expect(keyMove('ArrowDown', 0.5)).toEqual({ pan: [0, -160] });
    expect(keyMove('x', 1)).toBeNull();
  });
});
