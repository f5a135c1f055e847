import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/http'
import { refusalCourses, refusalQualifications } from './useEnroll'

describe('a refusal’s missing prerequisites', () => {
  it('are the courses and qualifications its details name, nothing else', () => {
    const err = new ApiError(422, 'prerequisite_missing', '须先完成先修课程。', {
      details: {
        courses: [{ id: 3, title: '安全基础', title_en: 'Safety basics' }, 'junk', { title: 'no id' }],
        qualifications: [{ id: 7, name: '电工证' }],
      },
    })
    expect(refusalCourses(err)).toEqual([{ id: 3, title: '安全基础', title_en: 'Safety basics' }])
    expect(refusalQualifications(err)).toEqual([{ id: 7, name: '电工证' }])
  })

  it('are none for another refusal or none at all', () => {
    expect(refusalCourses(new ApiError(409, 'already_enrolled', 'x'))).toEqual([])
    expect(refusalQualifications(null)).toEqual([])
  })
})
