import { Box } from "@mantine/core";
import { useEffect, useRef } from "react";
import { type EChartsCoreOption, echarts } from "./echarts";

/**
 * An ECharts instance bound to a div: created once, given each new option, resized with its box
 * and disposed on unmount. The chart components build the options; this only hosts them.
 */
export function EChart({
  option,
  height,
  ariaLabel,
}: {
  option: EChartsCoreOption;
  height: number;
  ariaLabel: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const instance = echarts.init(element, undefined, { renderer: "canvas" });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  // ECharts writes its own aria-label (a list of raw numbers) on the element it draws in, so the
  // picture's name sits on a wrapper and the drawing is hidden from assistive technology.
  return (
    <Box role="img" aria-label={ariaLabel} w="100%">
      <Box ref={host} h={height} w="100%" aria-hidden />
    </Box>
  );
}
