// Mantine's anchor-like components as router links (real hrefs, client-side navigation).
import {
  Anchor,
  type AnchorProps,
  Button,
  type ButtonProps,
  NavLink,
  type NavLinkProps,
} from "@mantine/core";
import { createLink } from "@tanstack/react-router";
import { type AnchorHTMLAttributes, forwardRef } from "react";

type AnchorAttributes = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "color" | "style">;

const NavLinkAnchor = forwardRef<HTMLAnchorElement, NavLinkProps & AnchorAttributes>(
  (props, ref) => <NavLink component="a" ref={ref} {...props} />,
);
NavLinkAnchor.displayName = "NavLinkAnchor";

const ButtonAnchor = forwardRef<HTMLAnchorElement, ButtonProps & AnchorAttributes>((props, ref) => (
  <Button component="a" ref={ref} {...props} />
));
ButtonAnchor.displayName = "ButtonAnchor";

const TextAnchor = forwardRef<HTMLAnchorElement, AnchorProps & AnchorAttributes>((props, ref) => (
  <Anchor component="a" ref={ref} {...props} />
));
TextAnchor.displayName = "TextAnchor";

export const NavLinkTo = createLink(NavLinkAnchor);
export const ButtonLink = createLink(ButtonAnchor);
export const AnchorLink = createLink(TextAnchor);
