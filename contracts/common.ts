import { z } from 'zod';

export const roles = ['owner', 'admin', 'supervisor', 'agent'] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;
/** Roles that can be granted by invitation or token: ownership is only transferred, never invited. */
export const GrantableRole = z.enum(['admin', 'supervisor', 'agent']);

export const Language = z.enum(['es', 'en']);
export type Language = z.infer<typeof Language>;

export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as America/Mexico_City');

export const Email = z
  .email({ message: 'must be a valid email address' })
  .max(254)
  .transform((email) => email.trim().toLowerCase());

export const Password = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(200, 'must be at most 200 characters');

export const PersonName = z.string().trim().min(1, 'is required').max(100);

export const Id = z.uuid({ message: 'must be a UUID' });
export const Timestamp = z.iso.datetime({ offset: true });

export const ErrorResponse = z.object({
  error: z.object({
    code: z.string().describe('Stable machine-readable code, see docs/api.md'),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
