import { createPinia } from 'pinia'
import { createApp } from 'vue'
import 'element-plus/theme-chalk/dark/css-vars.css'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import App from './App.vue'
import { installHttp } from './api/notify'
import { i18n, savedLocale, setLocale } from './locales'
import { router } from './router'
import './styles/index.css'

async function start() {
  const app = createApp(App)
  app.use(createPinia())
  app.use(i18n)
  await setLocale(savedLocale())
  installHttp(router)
  app.use(router)
  // Mounting replaces the shell drawn by index.html: wait for the first page (its guard and its
  // code) so the screen never goes blank in between.
  // A first page that fails to load still mounts, so the error is shown rather than the shell.
  await router.isReady().catch(() => undefined)
  app.mount('#app')
}

void start()
