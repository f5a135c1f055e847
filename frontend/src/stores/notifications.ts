import { defineStore } from 'pinia'
import { ref } from 'vue'
import { listNotifications } from '@/api/notifications'

/** useNotificationStore keeps the number of unread in-app notifications for the bell. */
export const useNotificationStore = defineStore('notifications', () => {
  const unread = ref(0)

  async function refresh() {
    try {
      unread.value = (await listNotifications({ unread: true, page_size: 1 })).total
    } catch {
      // The client has shown why; the bell keeps its number.
    }
  }

  return { unread, refresh }
})
