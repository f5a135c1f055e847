import { onBeforeUnmount, ref } from 'vue'

/** useIsMobile is true while the viewport is phone-sized (the shell then shows a drawer menu). */
export function useIsMobile(maxWidth = 768) {
  const query = window.matchMedia(`(max-width: ${maxWidth}px)`)
  const mobile = ref(query.matches)
  const update = (e: MediaQueryListEvent) => (mobile.value = e.matches)
  query.addEventListener('change', update)
  onBeforeUnmount(() => query.removeEventListener('change', update))
  return mobile
}
