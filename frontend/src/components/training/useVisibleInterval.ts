import { onBeforeUnmount, onMounted } from 'vue'

/**
 * useVisibleInterval runs `tick` every `ms` while the page is visible, and once at once when it
 * comes back into view, so live figures (seats left, a rotating code) are fresh when looked at
 * and a hidden tab asks the server nothing.
 */
export function useVisibleInterval(tick: () => void, ms: number) {
  let timer: ReturnType<typeof setInterval> | undefined
  const stop = () => {
    if (timer !== undefined) clearInterval(timer)
    timer = undefined
  }
  const start = () => {
    stop()
    timer = setInterval(tick, ms)
  }
  const onVisibility = () => {
    if (document.visibilityState === 'visible') {
      tick()
      start()
    } else {
      stop()
    }
  }
  onMounted(() => {
    document.addEventListener('visibilitychange', onVisibility)
    if (document.visibilityState === 'visible') start()
  })
  onBeforeUnmount(() => {
    document.removeEventListener('visibilitychange', onVisibility)
    stop()
  })
}
