import type { ReactNode } from 'react';
import { Logo } from '../../ui/logo.js';
import { LanguageSwitch } from '../shell/language-switch.js';

/** The frame of every page seen before entering the app: brand, language switch, one centred card. */
type AuthLayoutProps = {
  title: ReactNode;
  subtitle?: ReactNode;
  eyebrow?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  languageSwitch?: boolean;
};

export function AuthLayout({ title, subtitle, eyebrow, children, footer, languageSwitch = true }: AuthLayoutProps) {
  return (
    <div className="flex min-h-dvh flex-col bg-zinc-50">
      <header className="flex items-center justify-between gap-3 px-5 py-4 sm:px-8">
        <Logo />
        {languageSwitch ? <LanguageSwitch /> : null}
      </header>
      <main className="flex flex-1 flex-col items-center px-4 pt-6 pb-16 sm:pt-16">
        <div className="w-full max-w-[26rem]">
          <div className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-zinc-200 sm:p-8">
            {eyebrow}
            <h1 className="text-xl font-semibold tracking-tight text-zinc-900">{title}</h1>
            {subtitle ? <p className="mt-1.5 text-sm text-zinc-500">{subtitle}</p> : null}
            <div className="mt-6">{children}</div>
          </div>
          {footer ? <div className="mt-5 text-center text-sm text-zinc-500">{footer}</div> : null}
        </div>
      </main>
    </div>
  );
}
