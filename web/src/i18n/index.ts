import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import hu from "./hu.json";

export const LANGUAGES = ["hu", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = "kapu.lang";
const DEFAULT_LANGUAGE: Language = "hu";

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((language) => language === value);
}

/** The language the visitor picked on this device, if any. */
export function storedLanguage(): Language | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

export function rememberLanguage(language: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage can be unavailable (private mode, quota); the choice then lasts for this page only.
  }
}

/** The current UI language, narrowed to the ones Kapu ships. */
export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
}

i18n.on("languageChanged", (language) => {
  document.documentElement.lang = language;
});

// With bundled resources and initAsync: false, init completes synchronously.
void i18n.use(initReactI18next).init({
  resources: {
    hu: { translation: hu },
    en: { translation: en satisfies typeof hu },
  },
  lng: storedLanguage() ?? DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: LANGUAGES,
  initAsync: false,
  interpolation: { escapeValue: false },
});

export { i18n };
