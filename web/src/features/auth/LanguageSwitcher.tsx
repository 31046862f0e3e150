import { Button } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { LANGUAGES, currentLanguage } from "../../i18n";
import { useChangeLanguage } from "./session";

/** One button per language, each named in its own language ("Magyar", "English"). */
export function LanguageSwitcher() {
  const { t } = useTranslation();
  const changeLanguage = useChangeLanguage();
  const active = currentLanguage();

  return (
    <Button.Group aria-label={t("language.label")}>
      {LANGUAGES.map((language) => (
        <Button
          key={language}
          lang={language}
          size="compact-sm"
          variant={language === active ? "filled" : "default"}
          aria-pressed={language === active}
          onClick={() => {
            changeLanguage(language);
          }}
        >
          {t(`language.${language}`)}
        </Button>
      ))}
    </Button.Group>
  );
}
