import { computed, onMounted, shallowRef } from 'vue'
import { listFacilities } from '@/api/catalog'
import type { Facility } from '@/types'
import { usePerm } from './usePerm'

/** useManagedFacilities loads the facilities the user manages, for the filters of manager pages. */
export function useManagedFacilities() {
  const perm = usePerm()
  const all = shallowRef<Facility[]>([])
  const facilities = computed(() => all.value.filter((f) => perm.manages(f.id)))

  onMounted(async () => {
    all.value = (await listFacilities({ page_size: 100 }).catch(() => ({ items: [] }))).items
  })

  return facilities
}
