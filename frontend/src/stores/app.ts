import { defineStore } from 'pinia'
import { ref, watch } from 'vue'

const themeKey = 'theme'

/** useAppStore holds the look of the shell: dark mode and the collapsed side menu. */
export const useAppStore = defineStore('app', () => {
  const saved = localStorage.getItem(themeKey)
  const dark = ref(
    saved ? saved === 'dark' : window.matchMedia?.('(prefers-color-scheme: dark)').matches === true,
  )
  const menuCollapsed = ref(false)

  // Element Plus switches its CSS variables on html.dark.
  watch(dark, (on) => document.documentElement.classList.toggle('dark', on), { immediate: true })

  function toggleDark() {
    dark.value = !dark.value
    localStorage.setItem(themeKey, dark.value ? 'dark' : 'light')
  }

  return { dark, menuCollapsed, toggleDark }
})
