export { registerAccountRoutes } from "./routes.ts";
export { createCustomer, type CreateCustomerInput } from "./use-cases/create-customer.ts";
export { customerExistsByName } from "./repo.ts";
