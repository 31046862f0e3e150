import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { paths } from "../../api/schema";

type JsonOf<R> = R extends { content: { "application/json": infer B } } ? B : never;
type BodyOf<R> = R extends { content: { "application/json": infer B } } ? B : never;

export type StaffUser = JsonOf<paths["/api/staff/users"]["get"]["responses"][200]>["items"][number];
export type StaffRole = StaffUser["role"];
export type Department = JsonOf<
  paths["/api/staff/departments"]["get"]["responses"][200]
>["items"][number];
export type NewStaffUser = BodyOf<paths["/api/staff/users"]["post"]["requestBody"]>;
export type StaffUserChange = BodyOf<paths["/api/staff/users/{id}"]["put"]["requestBody"]>;
export type DepartmentInput = BodyOf<paths["/api/staff/departments"]["post"]["requestBody"]>;

/** The staff roles, most powerful first (the server's STAFF_ROLES). */
export const STAFF_ROLES = [
  "admin",
  "billing",
  "support",
  "sales",
  "readonly",
] as const satisfies readonly StaffRole[];

const usersKey = ["staff", "admin", "users"] as const;
const departmentsKey = ["staff", "admin", "departments"] as const;

export function useStaffUsers() {
  return useQuery({
    queryKey: usersKey,
    queryFn: () => unwrap(api.GET("/api/staff/users")),
  });
}

export function useDepartments() {
  return useQuery({
    queryKey: departmentsKey,
    queryFn: () => unwrap(api.GET("/api/staff/departments")),
  });
}

/** Staff changes alter department member counts, and department changes the staff list. */
function useInvalidateStaffAdmin() {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: usersKey }),
      queryClient.invalidateQueries({ queryKey: departmentsKey }),
      queryClient.invalidateQueries({ queryKey: ["staff", "audit"] }),
    ]);
  };
}

export function useAddStaffUser() {
  const invalidate = useInvalidateStaffAdmin();
  return useMutation({
    mutationFn: (body: NewStaffUser) => unwrap(api.POST("/api/staff/users", { body })),
    onSuccess: invalidate,
  });
}

export function useChangeStaffUser() {
  const invalidate = useInvalidateStaffAdmin();
  return useMutation({
    mutationFn: ({ id, ...body }: StaffUserChange & { id: string }) =>
      unwrap(api.PUT("/api/staff/users/{id}", { params: { path: { id } }, body })),
    onSuccess: invalidate,
  });
}

export function useAddDepartment() {
  const invalidate = useInvalidateStaffAdmin();
  return useMutation({
    mutationFn: (body: DepartmentInput) => unwrap(api.POST("/api/staff/departments", { body })),
    onSuccess: invalidate,
  });
}

export function useChangeDepartment() {
  const invalidate = useInvalidateStaffAdmin();
  return useMutation({
    mutationFn: ({ id, ...body }: DepartmentInput & { id: string }) =>
      unwrap(api.PUT("/api/staff/departments/{id}", { params: { path: { id } }, body })),
    onSuccess: invalidate,
  });
}

export function useRemoveDepartment() {
  const invalidate = useInvalidateStaffAdmin();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/staff/departments/{id}", { params: { path: { id } } })),
    onSuccess: invalidate,
  });
}
