// User management for the administrator.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  usersCreateUserMutation,
  usersDeleteUserMutation,
  usersListUsersOptions,
  usersListUsersQueryKey,
  usersUpdateUserMutation,
} from "../client/@tanstack/react-query.gen";

/** The API's largest page; an instance's users fit on it. */
const PAGE = 1000;

export function useUsers() {
  return useQuery(usersListUsersOptions({ query: { limit: PAGE } }));
}

function useInvalidateUsers() {
  const queryClient = useQueryClient();
  return () =>
    queryClient.invalidateQueries({ queryKey: usersListUsersQueryKey({ query: { limit: PAGE } }) });
}

export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({ ...usersCreateUserMutation(), onSuccess: invalidate });
}

export function useUpdateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({ ...usersUpdateUserMutation(), onSuccess: invalidate });
}

export function useDeleteUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({ ...usersDeleteUserMutation(), onSuccess: invalidate });
}
