import { PasswordInput, type PasswordInputProps } from "@mantine/core";
import { useTranslation } from "react-i18next";

/**
 * PasswordInput whose show/hide button has a translated name that does not contain the word
 * "password", so that the field is the only element a label lookup for "Password" finds.
 * Mantine marks its other inputs aria-invalid when they have an error, but not PasswordInput's
 * inner input: set it here, so screen readers announce the field as invalid too.
 */
export function PasswordField(props: PasswordInputProps) {
  const { t } = useTranslation();
  return (
    <PasswordInput
      aria-invalid={props.error ? true : undefined}
      {...props}
      visibilityToggleButtonProps={{ "aria-label": t("auth.showCharacters") }}
    />
  );
}
