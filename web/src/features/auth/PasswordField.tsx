import { PasswordInput, type PasswordInputProps } from "@mantine/core";
import { useTranslation } from "react-i18next";

/**
 * PasswordInput whose show/hide button has a translated name that does not contain the word
 * "password", so that the field is the only element a label lookup for "Password" finds.
 */
export function PasswordField(props: PasswordInputProps) {
  const { t } = useTranslation();
  return (
    <PasswordInput
      {...props}
      visibilityToggleButtonProps={{ "aria-label": t("auth.showCharacters") }}
    />
  );
}
