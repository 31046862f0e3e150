import type { RegisteredModule } from "../port.ts";
import { DEMO_HOSTING, demoHostingModule } from "./demo-hosting.ts";

export const MANUAL = "manual";

/** The provisioning modules by name, as products name them (products.provisioning_module). */
export const PROVISIONING_MODULES: ReadonlyMap<string, RegisteredModule> = new Map<
  string,
  RegisteredModule
>([
  [
    DEMO_HOSTING,
    {
      name: DEMO_HOSTING,
      label: "Demo hosting control panel",
      kind: "automatic",
      module: demoHostingModule,
    },
  ],
  [MANUAL, { name: MANUAL, label: "Manual fulfilment by staff", kind: "manual" }],
]);

export function findModule(name: string): RegisteredModule | undefined {
  return PROVISIONING_MODULES.get(name);
}
