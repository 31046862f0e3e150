import { writeAudit, type Actor } from "../../../platform/audit.ts";
import type { Deps } from "../../../platform/context.ts";
import { PROVISIONING_MODULES, findModule } from "../drivers/index.ts";
import { provisioningErrors } from "../errors.ts";
import { findProduct, setProductProvisioning } from "../repo.ts";

/**
 * Sets which provisioning module a product's services use (null = none) and its settings,
 * checked by the module. Tasks already requested keep the module they were asked of until staff
 * retry them.
 */
export async function configureProductProvisioning(
  deps: Pick<Deps, "db" | "clock">,
  productId: string,
  input: { module: string | null; settings?: Record<string, unknown> },
  actor: Actor,
): Promise<void> {
  const settings = input.settings ?? {};
  if (input.module !== null) {
    const registered = findModule(input.module);
    if (!registered)
      throw provisioningErrors.unknownModule(input.module, [...PROVISIONING_MODULES.keys()]);
    const problem =
      registered.kind === "automatic"
        ? (registered.module.checkSettings?.(settings) ?? null)
        : null;
    if (problem) throw provisioningErrors.invalidSettings(problem);
  }
  await deps.db.transaction().execute(async (tx) => {
    const product = await findProduct(tx, productId);
    if (!product) throw provisioningErrors.productNotFound();
    await setProductProvisioning(tx, productId, {
      module: input.module,
      settings,
      now: deps.clock.now(),
    });
    await writeAudit(tx, deps.clock, actor, {
      action: "provisioning.product_configured",
      subjectType: "product",
      subjectId: productId,
      data: {
        from: { module: product.provisioning_module, settings: product.provisioning_settings },
        to: { module: input.module, settings },
      },
    });
  });
}
