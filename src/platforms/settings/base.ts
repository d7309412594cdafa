import { z } from 'zod';
export const baseSettings = z.strictObject({ platform: z.string(), handle: z.string().optional(), credentials: z.record(z.string(), z.string()).optional(), color: z.string().optional() });
